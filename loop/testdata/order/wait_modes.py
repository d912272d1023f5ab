# Order pinned: asyncio.wait with FIRST_COMPLETED, FIRST_EXCEPTION and
# ALL_COMPLETED; as_completed yields results as the tasks finish.
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    print(f"{name} ends")
    if fail:
        raise ValueError(name)
    return name


def names(tasks, order):
    return [order[t] for t in sorted(tasks, key=lambda t: order[t])]


async def main():
    a = asyncio.create_task(job("a", 0.3))
    b = asyncio.create_task(job("b", 0.1))
    c = asyncio.create_task(job("c", 0.2, fail=True))
    order = {a: "a", b: "b", c: "c"}
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    print(f"first completed: done {names(done, order)} pending {names(pending, order)}")
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_EXCEPTION)
    print(f"first exception: done {names(done, order)} pending {names(pending, order)}")
    done, pending = await asyncio.wait([a, b, c])
    print(f"all completed: done {names(done, order)} pending {names(pending, order)}")
    tasks = [asyncio.create_task(job(n, d)) for n, d in (("x", 0.3), ("y", 0.1), ("z", 0.2))]
    for next_done in asyncio.as_completed(tasks):
        print(f"as_completed: {await next_done}")


asyncio.run(main())
