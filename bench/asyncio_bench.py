#!/usr/bin/env python3
"""CPython asyncio versions of the bench/ workloads, for BENCHMARKS.md.

Each workload is the one of the Go benchmark with the same name, written as a
Python programmer would write it with asyncio (standard library only). The
script prints its results in the format of `go test -bench`, one line per run,
named like the Go sub-benchmarks with "asyncio" as the variant, so that
bench/report reads both with one parser and pairs the rows:

    BenchmarkSpawn/batch=1000/asyncio 	 20 	 1234567 ns/op 	 1234 ns/task

Usage: python3 bench/asyncio_bench.py [-count N] [-run REGEXP] [-short]
"""

import argparse
import asyncio
import gc
import re
import sys
import time
import tracemalloc

# The Go benchmarks run for about a second each (-benchtime 1s); so does each
# run here, in as many repetitions of the operation as fit.
TARGET_SECONDS = 1.0


def report(name, n, ns_per_op, metrics):
    cols = [f"{name}", f"{n}", f"{ns_per_op:.1f} ns/op"]
    cols += [f"{v:.2f} {unit}" for unit, v in metrics]
    print(" \t".join(cols), flush=True)


def timed(run_once, per, unit, short):
    """Run run_once repeatedly for about TARGET_SECONDS (once if short) and
    return (n, ns per op, metrics)."""
    run_once()  # warm up, untimed, as the Go benchmarks do
    n = 0
    start = time.perf_counter_ns()
    elapsed = 0
    budget = 0 if short else TARGET_SECONDS * 1e9
    while n == 0 or elapsed < budget:
        run_once()
        n += 1
        elapsed = time.perf_counter_ns() - start
    ns_op = elapsed / n
    return n, ns_op, [(unit, ns_op / per)]


# 1. spawn + await once + complete, per task.


async def await_once():
    await asyncio.sleep(0)
    return 1


def spawn(batch):
    async def main():
        tasks = [asyncio.create_task(await_once()) for _ in range(batch)]
        total = 0
        for t in tasks:
            total += await t
        assert total == batch

    loop = asyncio.new_event_loop()

    def once():
        loop.run_until_complete(main())

    return loop, once


# 2. resume through the scheduler: tasks each yielding repeatedly.


def resume(ntasks, rounds):
    async def yielder():
        for _ in range(rounds):
            await asyncio.sleep(0)

    async def main():
        await asyncio.gather(*(yielder() for _ in range(ntasks)))

    loop = asyncio.new_event_loop()

    def once():
        loop.run_until_complete(main())

    return loop, once


# 4. 100k concurrent 10 ms sleeps, wall time.


def sleeps(n, seconds):
    async def sleeper():
        await asyncio.sleep(seconds)

    async def main():
        tasks = [asyncio.create_task(sleeper()) for _ in range(n)]
        for t in tasks:
            await t

    loop = asyncio.new_event_loop()

    def once():
        loop.run_until_complete(main())

    return loop, once


# 5. memory per suspended task, and per created-but-not-started task.


def memory(n, started):
    """Bytes traced by tracemalloc per task: n tasks awaiting a future that
    never completes (started), or created and not yet run."""
    loop = asyncio.new_event_loop()
    fut = loop.create_future()

    async def waiter():
        await fut

    async def spawn_all():
        return [asyncio.create_task(waiter()) for _ in range(n)]

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    if started:
        tasks = loop.run_until_complete(spawn_all())
        loop.run_until_complete(asyncio.sleep(0))  # every task takes its first step
    else:
        tasks = [loop.create_task(waiter()) for _ in range(n)]
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(tasks) == n
    fut.cancel()
    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.close()
    return used / n


# 7. bounded queue ping-pong between two tasks.


def queue_pingpong(rounds):
    async def main():
        ping, pong = asyncio.Queue(1), asyncio.Queue(1)

        async def echo():
            for _ in range(rounds):
                await pong.put(await ping.get())

        t = asyncio.create_task(echo())
        for i in range(rounds):
            await ping.put(i)
            assert await pong.get() == i
        await t

    loop = asyncio.new_event_loop()

    def once():
        loop.run_until_complete(main())

    return loop, once


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-count", type=int, default=1)
    p.add_argument("-run", default=".")
    p.add_argument("-short", action="store_true", help="one repetition per run")
    args = p.parse_args()
    want = re.compile(args.run)

    print(f"goos: {sys.platform}")
    print(f"python: {sys.version.split()[0]}")

    def timed_workload(name, make, per, unit):
        if not want.search(name):
            return
        for _ in range(args.count):
            loop, once = make()
            try:
                n, ns_op, metrics = timed(once, per, unit, args.short)
            finally:
                loop.close()
            report(name, n, ns_op, metrics)

    for batch in (1, 1000):
        timed_workload(
            f"BenchmarkSpawn/batch={batch}/asyncio",
            lambda batch=batch: spawn(batch),
            batch,
            "ns/task",
        )
    rounds = 100
    for ntasks in (10, 10_000):
        timed_workload(
            f"BenchmarkResume/tasks={ntasks}/asyncio",
            lambda ntasks=ntasks: resume(ntasks, rounds),
            ntasks * rounds,
            "ns/resume",
        )
    timed_workload(
        "BenchmarkSleep100k/asyncio",
        lambda: sleeps(100_000, 0.010),
        100_000,
        "ns/task",
    )
    for started, label in ((True, "suspended"), (False, "created")):
        name = f"BenchmarkMemory/{label}/asyncio"
        if want.search(name):
            for _ in range(args.count):
                report(name, 1, 0.0, [("B/task", memory(100_000, started))])
    timed_workload(
        "BenchmarkQueuePingPong/asyncio",
        lambda: queue_pingpong(10_000),
        10_000,
        "ns/roundtrip",
    )


if __name__ == "__main__":
    main()
