/*
 * Fresh-process launcher: runs COMMAND K times (after WARM discarded runs), one at a time.
 * Before each spawn it reads CLOCK_MONOTONIC and passes it to the child as BENCH_T0, so the
 * child can report "process exec to first response" on the same clock. It copies each
 * child's stdout lines to its own stdout, adding " wall_us=" (spawn to exit, as seen here).
 *
 *   coldstart [-n NAME] K WARM COMMAND [ARG...]
 *
 * With -n NAME the child's output is discarded and each run prints
 * "kind=exec name=NAME wall_us=..." instead: a plain timing loop for any command (what
 * run.sh uses for the CLI cold start when hyperfine is not installed).
 *
 * A child that exits non-zero, or runs longer than 20 s, fails the whole launcher.
 */
#include "bench_common.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *g_name;

static int run_once(char **argv, int print)
{
    int fds[2];
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    char t0s[64];
    int64_t t0 = now_ns();
    snprintf(t0s, sizeof t0s, "%lld", (long long)t0);
    setenv("BENCH_T0", t0s, 1);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (err != 0) { fprintf(stderr, "coldstart: cannot spawn %s: %s\n", argv[0], strerror(err)); close(fds[0]); return 1; }
    alarm(20); /* SIGALRM's default action ends us; run.sh's timeout and trap clean up the child */
    char out[8192];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof out - 1 && (r = read(fds[0], out + len, sizeof out - 1 - len)) > 0) len += (size_t)r;
    out[len] = 0;
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    int64_t wall = now_ns() - t0;
    alarm(0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "coldstart: %s failed (status %d): %s\n", argv[0], status, out);
        return 1;
    }
    if (print && g_name) {
        printf("kind=exec name=%s wall_us=%.1f\n", g_name, wall / 1e3);
        fflush(stdout);
    } else if (print) {
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
            printf("%s wall_us=%.1f\n", line, wall / 1e3);
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "-n") == 0) {
        g_name = argv[2];
        argc -= 2;
        argv += 2;
    }
    if (argc < 4) { fprintf(stderr, "usage: coldstart [-n NAME] K WARM COMMAND [ARG...]\n"); return 64; }
    int k = atoi(argv[1]), warm = atoi(argv[2]);
    for (int i = 0; i < warm; i++) if (run_once(argv + 3, 0)) return 1;
    for (int i = 0; i < k; i++) if (run_once(argv + 3, 1)) return 1;
    return 0;
}
