/*
 * podscope's pause: the infra process of a pod sandbox.
 *
 * It exists so that the pod's namespaces (net, ipc, uts, and pid when the pod shares its
 * process namespace) have an owner that outlives every application container. It does
 * nothing but wait:
 *   - SIGINT / SIGTERM: exit 0, so stopping the sandbox is a clean exit, not a kill;
 *   - SIGCHLD: when it is PID 1 of a shared pid namespace, orphans are re-parented to it,
 *     so it reaps every exited child (looping, since signals coalesce) to leave no zombies.
 * Built static (gcc -static -Os) so the image needs no libc.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  int saved = errno; /* waitpid may clobber errno of the interrupted code */
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
    printf("podscope-pause 3.10\n");
    return 0;
  }
  if (getpid() != 1) {
    /* Still works, but nothing would be reaped: say so on stderr, where the runtime logs it. */
    fprintf(stderr, "pause: warning: not running as PID 1\n");
  }
  if (handle(SIGINT, on_stop, 0) < 0 || handle(SIGTERM, on_stop, 0) < 0 ||
      handle(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART) < 0) {
    perror("pause: sigaction");
    return 1;
  }
  for (;;) pause();
  return 42; /* not reached */
}
