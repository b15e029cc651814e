//go:build linux && cgo

#include "textflag.h"

// func directLoad8(addr uintptr, view unsafe.Pointer) uint64
//
// Step 4 of mmf_direct.h: the 8 bytes at addr. The load is the third
// instruction, at directLoadSite(); the library's fault handler knows it by
// that address (mmf_direct_add_load) and finds the view in BX.
TEXT ·directLoad8(SB), NOSPLIT, $0-24
	MOVQ addr+0(FP), AX
	MOVQ view+8(FP), BX
	MOVQ (AX), AX
	MOVQ AX, ret+16(FP)
	RET

// func directLoadSite() unsafe.Pointer
//
// The address of directLoad8's load: two 5-byte MOVQs from the argument
// frame precede it. directSite checks the bytes there before registering
// it, so an assembler that encodes them otherwise turns direct reads off
// rather than registering a wrong address.
TEXT ·directLoadSite(SB), NOSPLIT, $0-8
	MOVQ $·directLoad8(SB), AX
	ADDQ $10, AX
	MOVQ AX, ret+0(FP)
	RET
