/* The fault guard's PC-fixup routines for x86-64: System V ABI and ELF
 * (Linux), or the Windows x64 ABI and PE/COFF (mingw-w64).
 *
 * The kernel's exception-table idea: code that may touch a vanished page of
 * a mapping lives at known addresses, and the SIGBUS handler
 * (fault_guard.cpp), on a fault inside an armed range, moves the interrupted
 * context to a recovery point instead of jumping with siglongjmp. Nothing is
 * saved per call that the fault-free path does not need anyway.
 *
 *   mmf_guard_copy(dst, src, n) -> 0, or 1 after a fault
 *     A leaf: it never moves the stack pointer, so a fault anywhere between
 *     mmf_guard_copy_begin and mmf_guard_copy_end is recovered by setting
 *     the PC to mmf_guard_copy_fixup, which returns 1 to the caller.
 *
 *   mmf_guard_call(fn, ctx, &resume_sp) -> 0, or 1 after a fault
 *     For compiled code (the searches, memmove): saves the callee-saved
 *     registers, stores its stack pointer in *resume_sp and calls fn(ctx).
 *     On a fault the handler sets the stack pointer to resume_sp and the PC
 *     to mmf_guard_call_recover, which restores the registers and returns 1:
 *     what siglongjmp would do, minus the pointer mangling and the call into
 *     libc on every guarded call. fn must leave nothing behind that needs
 *     running when it is abandoned (access.hpp states the contract).
 *     Windows: the handler is the vectored exception handler
 *     (fault_guard_win32.cpp), and the routine follows the x64 ABI: it also
 *     saves rdi, rsi and xmm6-xmm15, leaves the callee its 32-byte home
 *     area, and describes its frame with SEH unwind codes, so that stack
 *     walks through it (debuggers, other exceptions) stay right.
 *
 * mmf_guard_copy has its own convention on both (dst in rdi, src in rsi, n
 * in rdx; rcx, r8, xmm0 and xmm1 clobbered): it is only called from the
 * inline assembly in access.hpp, which names all of that.
 */
#if defined(__x86_64__) && (defined(__ELF__) || defined(_WIN64))

#if defined(__ELF__)
#define MMF_SYMBOL(name) .globl name; .hidden name
#define MMF_FUNCTION(name) MMF_SYMBOL(name); .type name, @function
#define MMF_SIZE(name) .size name, .-name
#define MMF_CFI(directive) directive
#else
#define MMF_SYMBOL(name) .globl name
#define MMF_FUNCTION(name) MMF_SYMBOL(name); .def name; .scl 2; .type 32; .endef
#define MMF_SIZE(name)
#define MMF_CFI(directive)
#endif

        .text

        .p2align 4
        MMF_FUNCTION(mmf_guard_copy)
        MMF_SYMBOL(mmf_guard_copy_begin)
        MMF_SYMBOL(mmf_guard_copy_end)
        MMF_SYMBOL(mmf_guard_copy_fixup)
mmf_guard_copy:
mmf_guard_copy_begin:
        MMF_CFI(.cfi_startproc)
        endbr64
        cmpq    $16, %rdx
        ja      .Lcopy_over16
        cmpq    $8, %rdx
        jb      .Lcopy_under8
        /* 8..16 bytes: two overlapping 8-byte moves, both loads first. */
        movq    (%rsi), %rcx
        movq    -8(%rsi,%rdx), %r8
        movq    %rcx, (%rdi)
        movq    %r8, -8(%rdi,%rdx)
        xorl    %eax, %eax
        ret
.Lcopy_under8:
        cmpq    $4, %rdx
        jb      .Lcopy_under4
        movl    (%rsi), %ecx
        movl    -4(%rsi,%rdx), %r8d
        movl    %ecx, (%rdi)
        movl    %r8d, -4(%rdi,%rdx)
        xorl    %eax, %eax
        ret
.Lcopy_under4:
        cmpq    $2, %rdx
        jb      .Lcopy_under2
        movzwl  (%rsi), %ecx
        movzwl  -2(%rsi,%rdx), %r8d
        movw    %cx, (%rdi)
        movw    %r8w, -2(%rdi,%rdx)
        xorl    %eax, %eax
        ret
.Lcopy_under2:
        testq   %rdx, %rdx
        je      .Lcopy_done
        movzbl  (%rsi), %ecx
        movb    %cl, (%rdi)
.Lcopy_done:
        xorl    %eax, %eax
        ret
.Lcopy_over16:
        cmpq    $32, %rdx
        ja      .Lcopy_rep
        movdqu  (%rsi), %xmm0
        movdqu  -16(%rsi,%rdx), %xmm1
        movdqu  %xmm0, (%rdi)
        movdqu  %xmm1, -16(%rdi,%rdx)
        xorl    %eax, %eax
        ret
.Lcopy_rep:
        /* Fast short and long string moves (ERMS/FSRM) are what glibc's
         * memcpy uses from a few KiB up on such CPUs. */
        movq    %rdx, %rcx
        rep movsb
        xorl    %eax, %eax
        ret
mmf_guard_copy_fixup:
        movl    $1, %eax
        ret
        MMF_CFI(.cfi_endproc)
mmf_guard_copy_end:
        MMF_SIZE(mmf_guard_copy)

        .p2align 4
        MMF_FUNCTION(mmf_guard_call)
        MMF_SYMBOL(mmf_guard_call_recover)
#if defined(__ELF__)
mmf_guard_call:
        .cfi_startproc
        endbr64
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        pushq   %rbx
        .cfi_def_cfa_offset 24
        .cfi_offset %rbx, -24
        pushq   %r12
        .cfi_def_cfa_offset 32
        .cfi_offset %r12, -32
        pushq   %r13
        .cfi_def_cfa_offset 40
        .cfi_offset %r13, -40
        pushq   %r14
        .cfi_def_cfa_offset 48
        .cfi_offset %r14, -48
        pushq   %r15
        .cfi_def_cfa_offset 56
        .cfi_offset %r15, -56
        subq    $8, %rsp            /* 16-byte alignment at the call */
        .cfi_def_cfa_offset 64
        movq    %rsp, (%rdx)
        movq    %rdi, %rax
        movq    %rsi, %rdi
        call    *%rax
        xorl    %eax, %eax
.Lcall_out:
        .cfi_remember_state
        addq    $8, %rsp
        .cfi_def_cfa_offset 56
        popq    %r15
        .cfi_def_cfa_offset 48
        popq    %r14
        .cfi_def_cfa_offset 40
        popq    %r13
        .cfi_def_cfa_offset 32
        popq    %r12
        .cfi_def_cfa_offset 24
        popq    %rbx
        .cfi_def_cfa_offset 16
        popq    %rbp
        .cfi_def_cfa_offset 8
        ret
        .cfi_restore_state
mmf_guard_call_recover:
        movl    $1, %eax
        jmp     .Lcall_out
        .cfi_endproc
        .size   mmf_guard_call, .-mmf_guard_call
#else
/* Windows x64: fn in rcx, ctx in rdx, &resume_sp in r8. 8 pushes and 200
 * bytes keep rsp 16-byte aligned at the call: home area at 0..31, xmm6-xmm15
 * at 32..191. */
        .seh_proc mmf_guard_call
mmf_guard_call:
        endbr64
        pushq   %rbp
        .seh_pushreg %rbp
        pushq   %rbx
        .seh_pushreg %rbx
        pushq   %rdi
        .seh_pushreg %rdi
        pushq   %rsi
        .seh_pushreg %rsi
        pushq   %r12
        .seh_pushreg %r12
        pushq   %r13
        .seh_pushreg %r13
        pushq   %r14
        .seh_pushreg %r14
        pushq   %r15
        .seh_pushreg %r15
        subq    $200, %rsp
        .seh_stackalloc 200
        movdqa  %xmm6, 32(%rsp)
        .seh_savexmm %xmm6, 32
        movdqa  %xmm7, 48(%rsp)
        .seh_savexmm %xmm7, 48
        movdqa  %xmm8, 64(%rsp)
        .seh_savexmm %xmm8, 64
        movdqa  %xmm9, 80(%rsp)
        .seh_savexmm %xmm9, 80
        movdqa  %xmm10, 96(%rsp)
        .seh_savexmm %xmm10, 96
        movdqa  %xmm11, 112(%rsp)
        .seh_savexmm %xmm11, 112
        movdqa  %xmm12, 128(%rsp)
        .seh_savexmm %xmm12, 128
        movdqa  %xmm13, 144(%rsp)
        .seh_savexmm %xmm13, 144
        movdqa  %xmm14, 160(%rsp)
        .seh_savexmm %xmm14, 160
        movdqa  %xmm15, 176(%rsp)
        .seh_savexmm %xmm15, 176
        .seh_endprologue
        movq    %rsp, (%r8)
        movq    %rcx, %rax
        movq    %rdx, %rcx
        call    *%rax
        xorl    %eax, %eax
.Lcall_out:
        movdqa  32(%rsp), %xmm6
        movdqa  48(%rsp), %xmm7
        movdqa  64(%rsp), %xmm8
        movdqa  80(%rsp), %xmm9
        movdqa  96(%rsp), %xmm10
        movdqa  112(%rsp), %xmm11
        movdqa  128(%rsp), %xmm12
        movdqa  144(%rsp), %xmm13
        movdqa  160(%rsp), %xmm14
        movdqa  176(%rsp), %xmm15
        addq    $200, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rsi
        popq    %rdi
        popq    %rbx
        popq    %rbp
        ret
mmf_guard_call_recover:
        movl    $1, %eax
        jmp     .Lcall_out
        .seh_endproc
#endif

#if defined(__ELF__)
        .section .note.GNU-stack, "", @progbits

/* Indirect-branch tracking: every entry point starts with endbr64, so the
 * object may claim IBT and the library keeps the property under
 * -fcf-protection. Not SHSTK: the recovery paths return past frames the
 * shadow stack still holds. */
        .section .note.gnu.property, "a"
        .p2align 3
        .long   4                   /* name size */
        .long   16                  /* descriptor size */
        .long   5                   /* NT_GNU_PROPERTY_TYPE_0 */
        .asciz  "GNU"
        .long   0xc0000002          /* GNU_PROPERTY_X86_FEATURE_1_AND */
        .long   4
        .long   1                   /* IBT */
        .p2align 3
#endif
#endif
