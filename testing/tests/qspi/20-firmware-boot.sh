# The demo firmware boots from internal flash like a product: clocks, pins,
# QUADSPI memory-mapped.  Each variant leaves its mark in DTCM (status 0xD0DE,
# JEDEC id) and, where the flash stays readable, the memory-mapped window
# shows the word the test seeded into qspi.bin.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
python3 -c "
import sys
f = open('$SCRATCH/seed.bin', 'wb')
f.write(bytes.fromhex('efbeadde'))
f.write(b'\xff' * (128 * 1024 * 1024 - 4))"
i=0
for v in qspi_mm qspi_4byte qspi_xip qspi_qpi qspi_erasing qspi_chiperase; do
	i=$((i + 1))
	VB_STATE=$SCRATCH/state-$v
	mkdir -p "$VB_STATE"
	cp "$SCRATCH/seed.bin" "$VB_STATE/qspi.bin"
	# 50 ms of virtual time before the socket opens: the firmware reaches
	# its final wfi long before we attach, however loaded the host is.
	vb_start --flash-image "$FIRMWARE/$v.bin" --boot-us 50000
	ocd_ours "${H7_ARGS[@]}" -c init -c halt -c "mdw 0x2001ff00 5" -c "mdw 0x90000000" \
		-c shutdown || fail "$v: openocd failed"
	log=$SCRATCH/ocd.log
	grep -Eq "^0x2001ff00: b007b007 0000000$((i + 1)) [0-9a-f]{8} 0000d0de 00ef4021" "$log" ||
		fail "$v: firmware did not finish its bring-up (marker block wrong)"
	case $v in
	# Erase variants leave the chip erasing; whether it is still busy when we
	# attach depends on wall time here (the stmqspi tests attach mid-erase).
	qspi_erasing | qspi_chiperase) ;;
	*) grep -q '^0x90000000: deadbeef' "$log" || fail "$v: memory-mapped read wrong" ;;
	esac
	vb_stop
done
pass
