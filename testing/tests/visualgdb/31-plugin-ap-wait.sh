# 30-plugin-line.sh with AP WAITs injected (1 % of AP transactions, bursts
# of 8): the seed's scenario, a FLASH plugin run over a J-Link that sees
# WAITs.
VG_VBOARD_ARGS="--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 7"
. testing/tests/visualgdb/30-plugin-line.sh
