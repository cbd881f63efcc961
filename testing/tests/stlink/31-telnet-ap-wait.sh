# 30-telnet under AP WAIT injection (vboard --ap-wait-rate 0.01
# --ap-wait-burst 8).  Same oracle and the same known stock failure.
ST_BOARD_ARGS=(--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 31)
. testing/tests/stlink/30-telnet.sh
