# 10-program.sh on a board whose AP answers WAIT to 1 % of new transactions,
# 8 times in a row: the CMSIS-DAP firmware retries them (OpenOCD asks for up
# to 64 retries with DAP_TransferConfigure), so neither OpenOCD sees them.
. testing/tests/lib/common.sh
. testing/tests/lib/cmsisdap.sh
CD_VBOARD_ARGS="${CD_WAIT_ARGS[*]}" . testing/tests/cmsisdap/10-program.sh
