# SPDX-License-Identifier: GPL-2.0-or-later
# Raw runs of the W25Q target algorithms (contrib/loaders/flash/stmqspi_w25q)
# on the virtual board, without the host code: the blob at ALGO_CODE, the
# parameter block at ALGO_PARAMS, a 256-byte stack below ALGO_SP, lists and
# results at ALGO_LIST, FIFOs at ALGO_FIFO (all in AXI SRAM).

set ALGO_CODE 0x24000000
set ALGO_PARAMS 0x24001000
set ALGO_SP 0x24002000
set ALGO_LIST 0x24003000
set ALGO_FIFO 0x24010000
set QSPI 0x52005000

# QUADSPI idle as the contract wants it on entry: aborted, not busy, flags clear.
proc algo_qspi_idle {} {
	mmw [expr {$::QSPI + 0x00}] 0x2 0
	for {set i 0} {$i < 100} {incr i} {
		set cr [read_memory [expr {$::QSPI + 0x00}] 32 1]
		set sr [read_memory [expr {$::QSPI + 0x08}] 32 1]
		if {!($cr & 0x2) && !($sr & 0x20)} break
	}
	if {$i == 100} { error "QUADSPI stays busy after ABORT" }
	mww [expr {$::QSPI + 0x0C}] 0x1B
}

# algo_params DIES POLL RDSR DIESEL WREN PROGRAM READ ABR FLAGS SIZE
proc algo_params {dies poll rdsr diesel wren prog read abr flags size} {
	write_memory $::ALGO_PARAMS 32 [list $::QSPI $dies 26 256 $poll \
		$rdsr $diesel $wren $prog $read $abr $flags $size]
}

# algo_run BIN R1 R2 R3 R4 [TIMEOUT_MS]: run one blob to its BKPT and print
# "ALGO r0=... r1=... r2=... pc=..." for the test to parse.
proc algo_run {bin r1 r2 r3 r4 {timeout 20000}} {
	algo_qspi_idle
	load_image $bin $::ALGO_CODE bin
	reg r0 $::ALGO_PARAMS
	reg r1 $r1
	reg r2 $r2
	reg r3 $r3
	reg r4 $r4
	reg sp $::ALGO_SP
	reg pc $::ALGO_CODE
	reg xPSR 0x01000000
	resume
	wait_halt $timeout
	set r [get_reg {r0 r1 r2 pc}]
	echo [format "ALGO r0=0x%08x r1=0x%08x r2=0x%08x pc=0x%08x" [dict get $r r0] \
		[dict get $r r1] [dict get $r r2] [dict get $r pc]]
}

# FIFO of an async algorithm already holding a whole image: wp after the
# data, rp at the start, end 4 bytes past wp (wp never reaches rp).
proc algo_fifo_full {bin} {
	set n [file size $bin]
	load_image $bin [expr {$::ALGO_FIFO + 8}] bin
	write_memory $::ALGO_FIFO 32 [list [expr {$::ALGO_FIFO + 8 + $n}] [expr {$::ALGO_FIFO + 8}]]
	return [expr {$::ALGO_FIFO + 8 + $n + 4}]
}

# Empty FIFO for the read algorithm with room for N bytes without a host.
proc algo_fifo_empty {n} {
	write_memory $::ALGO_FIFO 32 [list [expr {$::ALGO_FIFO + 8}] [expr {$::ALGO_FIFO + 8}]]
	return [expr {$::ALGO_FIFO + 8 + $n + 4}]
}

proc algo_dump {file addr n} {
	dump_image $file $addr $n
}

# One raw indirect command from the debugger (no address): CCR, optional
# data byte through DR, wait TCF (bounded), clear it.
proc algo_raw_cmd {ccr {byte ""}} {
	algo_qspi_idle
	if {$byte ne ""} { mww [expr {$::QSPI + 0x10}] 0 }
	mww [expr {$::QSPI + 0x14}] $ccr
	if {$byte ne ""} { mwb [expr {$::QSPI + 0x20}] $byte }
	for {set i 0} {$i < 100} {incr i} {
		if {[read_memory [expr {$::QSPI + 0x08}] 32 1] & 0x2} break
	}
	if {$i == 100} { error "raw command 0x$ccr did not complete" }
	mww [expr {$::QSPI + 0x0C}] 0x2
}
