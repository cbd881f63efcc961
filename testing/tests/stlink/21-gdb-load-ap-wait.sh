# 20-gdb-load under AP WAIT injection (vboard --ap-wait-rate 0.01
# --ap-wait-burst 8): the ST-LINK firmware absorbs the bursts.  Same oracle
# and the same known stock failure as 20-gdb-load.
ST_BOARD_ARGS=(--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 21)
. testing/tests/stlink/20-gdb-load.sh
