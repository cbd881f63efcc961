# Board-file variables of the wrong type or out of range stop OpenOCD while
# it reads board/stm32h753.cfg, with a message naming the variable, before
# any connection.  `set QSPI_FLASH_SIZE abc` used to loop forever (ignoring
# SIGINT and SIGTERM), `QSPI_PRESCALER 1.5` passed the check and failed
# later.  No board is needed: nothing may connect.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/badinput.sh
scratch
export VBOARD_SOCKET=$SCRATCH/no-board.sock
export OCD_TIMEOUT=20
bad() {
	local var=$1 value=$2 pattern=$3
	bi_refused "$var = '$value'" "$pattern" "${BI_NOSERVERS[@]}" -c "set $var {$value}" \
		-f board/stm32h753.cfg -c shutdown
	grep -q DPIDR "$SCRATCH/ocd.log" && fail "$var = '$value': connected anyway"
	return 0
}
num='is not a whole number in'
for v in abc 1.5 1e3 -1 256 0x100 "" "1 2" 0x 99999999999; do
	bad QSPI_PRESCALER "$v" "QSPI_PRESCALER = \"$v\" $num 0..255"
done
for v in abc 8 -1 2.0; do
	bad QSPI_CSHT "$v" "QSPI_CSHT = \"$v\" $num 0..7"
done
for v in abc 1.5 0 100001 "4000 kHz"; do
	bad ADAPTER_SPEED "$v" "ADAPTER_SPEED = \"$v\" $num 1..100000"
done
for v in abc 128M 1.5 0 2 0x20000000 0xffffffff 0x1000000000 1e27; do
	bad QSPI_FLASH_SIZE "$v" "QSPI_FLASH_SIZE = \"$v\" $num 4..0x10000000"
done
for v in 0x7000000 12345; do
	bad QSPI_FLASH_SIZE "$v" "QSPI_FLASH_SIZE = $v is not a power of two"
done
for v in "" "a b" "1chip" "x;y" "a\$b"; do
	bad CHIPNAME "$v" "CHIPNAME = \".*\" is not a name"
	bad QSPI_BANK "$v" "QSPI_BANK = \".*\" is not a name"
done
bad QSPI_IO3 PB2:9 "QSPI_IO3 and QSPI_CLK are both on pin PB2"
bad QSPI_CLK PB2 'QSPI_CLK = "PB2" is not PORTPIN:AF'
bad QSPI_READ dual 'QSPI_READ must be auto, quad or single, not "dual"'
bad QSPI_ATTACH run 'QSPI_ATTACH must be reset or halt, not "run"'

# Good values in other spellings still pass.
for good in "QSPI_FLASH_SIZE 0x04000000" "QSPI_FLASH_SIZE 268435456" "QSPI_PRESCALER 0x3" \
	"QSPI_CSHT 0" "ADAPTER_SPEED 100000" "CHIPNAME h7_b.0" "QSPI_BANK my.qspi"; do
	ocd_ours "${BI_NOSERVERS[@]}" -c "set $good" -f board/stm32h753.cfg -c shutdown ||
		fail "'$good' refused"
done
pass
