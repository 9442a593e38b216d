"""How newsbot runs: settings, the composition root, worker processes and what their
forkserver preloads."""
