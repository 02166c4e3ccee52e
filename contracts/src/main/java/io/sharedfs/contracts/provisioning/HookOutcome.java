package io.sharedfs.contracts.provisioning;

/** What became of a VE's {@code init_vem} hook for one node. */
public enum HookOutcome {
    /** There is no hook for the VE. */
    ABSENT,
    /** A hook exists but is unsafe to run (a link, not root's, writable by others, not executable). */
    REFUSED,
    /** The hook ran and exited; see the exit code. */
    EXITED,
    /** The hook ran past its timeout and its whole process tree was killed. */
    TIMED_OUT
}
