/* The fault guard's PC-fixup routines for x86-64 (System V ABI, ELF).
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
 */
#if defined(__x86_64__) && defined(__ELF__)

        .text

        .p2align 4
        .globl  mmf_guard_copy
        .hidden mmf_guard_copy
        .type   mmf_guard_copy, @function
        .globl  mmf_guard_copy_begin
        .hidden mmf_guard_copy_begin
        .globl  mmf_guard_copy_end
        .hidden mmf_guard_copy_end
        .globl  mmf_guard_copy_fixup
        .hidden mmf_guard_copy_fixup
mmf_guard_copy:
mmf_guard_copy_begin:
        .cfi_startproc
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
        .cfi_endproc
mmf_guard_copy_end:
        .size   mmf_guard_copy, .-mmf_guard_copy

        .p2align 4
        .globl  mmf_guard_call
        .hidden mmf_guard_call
        .type   mmf_guard_call, @function
        .globl  mmf_guard_call_recover
        .hidden mmf_guard_call_recover
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
