#ifndef FINETUNE_PROCESS_CONTROL_H
#define FINETUNE_PROCESS_CONTROL_H

#include <sys/types.h>

/// Asks the kernel to send `signal` to this process when its parent dies (Linux
/// prctl(PR_SET_PDEATHSIG); prctl is variadic, so Swift cannot call it directly).
/// Returns 0 when set and the parent is still `expected_parent`; 1 when the parent is
/// already gone (the caller should exit); -1 when unsupported or the call failed.
int finetune_die_with_parent(int signal, pid_t expected_parent);

#endif
