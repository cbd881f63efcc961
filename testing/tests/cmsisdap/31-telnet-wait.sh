# 30-telnet.sh on a board whose AP answers WAIT to 1 % of new transactions,
# 8 times in a row (retried by the CMSIS-DAP firmware).
. testing/tests/lib/common.sh
. testing/tests/lib/cmsisdap.sh
CD_VBOARD_ARGS="${CD_WAIT_ARGS[*]}" . testing/tests/cmsisdap/30-telnet.sh
