# 10-program under AP WAIT injection: 1% of new AP transactions answered
# WAIT 8 times in a row (vboard --ap-wait-rate 0.01 --ap-wait-burst 8).  The
# ST-LINK firmware retries WAIT itself (common/timing.h
# TIMING_STLINK_WAIT_RETRIES), so bursts of 8 never reach OpenOCD.  Same
# oracle and the same known stock failure as 10-program.
ST_BOARD_ARGS=(--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 11)
. testing/tests/stlink/10-program.sh
