#include "process_control.h"

#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int finetune_die_with_parent(int signal, pid_t expected_parent) {
#if defined(__linux__)
    if (prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL) != 0) return -1;
    /* Set first, checked second: a parent that died before prctl left us re-parented. */
    return getppid() == expected_parent ? 0 : 1;
#else
    (void)signal;
    (void)expected_parent;
    return -1;
#endif
}
