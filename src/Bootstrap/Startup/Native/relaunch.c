/*
 * The x86-64-v3 bootstrap's switch to its AVX-512 sibling (see InstructionSetRelaunch.cs), done before the .NET
 * runtime starts. An ELF constructor runs after the dynamic loader and before main, so on an AVX-512 host the v3
 * build costs one exec of a mapped binary instead of a whole runtime start (GC heap, rehydrated data, Main): about
 * 7 ms of CPU per cold start measured with the relaunch in Main, against well under 1 ms here.
 * Linked only into non-v4 Native-AOT builds (Toolkit.Bootstrap.csproj, target LinkRelaunchShim).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Kept in step with InstructionSetRelaunch.SiblingSuffix, RelaunchedVariable and SwitchVariable. */
#define SIBLING_SUFFIX "-v4"
#define RELAUNCHED_VARIABLE "TOOLKIT_RELAUNCHED"
#define SWITCH_VARIABLE "TOOLKIT_RELAUNCH"

/* x86-64-v4 is x86-64-v3 plus these five. The compiler's checks read CPUID and XGETBV, so a CPU whose operating
 * system does not save the AVX-512 registers counts as lacking them. */
static int has_x86_64_v4(void)
{
    __builtin_cpu_init(); /* Needed before the builtins when called ahead of other constructors. */
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512cd")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}

__attribute__((constructor)) static void toolkit_relaunch_if_better(int argc, char **argv, char **envp)
{
    (void)envp;
    const char *relaunch_switch = getenv(SWITCH_VARIABLE);
    if (argc < 1 || getenv(RELAUNCHED_VARIABLE) != NULL || (relaunch_switch != NULL && strcmp(relaunch_switch, "0") == 0)
        || !has_x86_64_v4())
    {
        return;
    }

    char sibling[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", sibling, sizeof sibling - sizeof SIBLING_SUFFIX);
    if (length <= 0)
    {
        return;
    }

    memcpy(sibling + length, SIBLING_SUFFIX, sizeof SIBLING_SUFFIX);
    if (access(sibling, X_OK) != 0)
    {
        return;
    }

    /* Same process id, arguments and environment; the variable stops the sibling from trying again. */
    char *own_name = argv[0];
    setenv(RELAUNCHED_VARIABLE, "1", 1);
    argv[0] = sibling;
    execv(sibling, argv);
    /* Still here: the exec failed, so this build serves, with its own arguments and environment restored. */
    argv[0] = own_name;
    unsetenv(RELAUNCHED_VARIABLE);
    fprintf(stderr, "bootstrap: could not exec %s; staying on the x86-64-v3 build.\n", sibling);
}
