"""Provides `end_with_the_terminal`: a full-screen front end ends when its terminal
hangs up, even when whoever started signoff ignored SIGHUP.

The app leaves SIGHUP to its default action: every change is on disk before "Saved"
shows, so a dropped SSH connection may simply end the process. But an ignored signal
stays ignored across fork and exec: started under `nohup`, or from a shell or service
that ignores hang-ups, the app lived on without a terminal after the connection went,
holding its run's lock, so the run could not be resumed from a new connection. The
plain mode has handlers of its own (tui/plain)."""

from __future__ import annotations

import signal
import threading


def end_with_the_terminal() -> None:
    """Give SIGHUP its default action again if it was ignored (signal handlers can only
    be set from the main thread; elsewhere, as in tests that drive the app, nothing)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
