# 10-session.sh with AP WAITs injected (1 % of AP transactions, bursts of
# 8): VisualGDB's session over a J-Link that sees WAITs, as on the board
# where the FLASH-plugin route failed.
VG_VBOARD_ARGS="--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 7"
. testing/tests/visualgdb/10-session.sh
