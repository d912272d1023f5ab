#!/usr/bin/env python3
"""The M/M/1 model of BenchmarkMM1 (bench/mm1_test.go) in SimPy.

SimPy's classic: a source process sends customers in at exponential
intervals (rate LAMBDA); each customer is a process that requests the one
server, holds it for an exponential service time (rate MU) and leaves. The
first WARMUP customers bring the queue to its steady state and are left out of
the statistics; the next CUSTOMERS are measured. It prints one JSON line: the
customers measured, the seconds env.run took (wall clock, the interpreter's
start and imports left out) and the mean wait in line.

Usage: python3 bench/mm1_simpy.py [customers] [warmup] [seed]
It needs SimPy 3 or later: Debian's python3-simpy3 (.ci/run installs it).
"""

import json
import random
import sys
import time

import simpy

LAMBDA = 0.9
MU = 1.0


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    waits = []

    def customer(service, measured):
        arrived = env.now
        with server.request() as req:
            yield req
            if measured:
                waits.append(env.now - arrived)
            yield env.timeout(service)

    def source():
        for i in range(warmup + customers):
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(customer(rng.expovariate(MU), i >= warmup))

    env.process(source())
    start = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - start
    print(json.dumps({
        "simpy": simpy.__version__,
        "customers": customers,
        "seconds": seconds,
        "mean_wait": sum(waits) / len(waits),
    }))


if __name__ == "__main__":
    main()
