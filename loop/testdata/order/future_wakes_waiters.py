# Order pinned: a future completed by set_result from a timer callback wakes its waiting tasks in the order they started waiting; the setter's own prints come first.
import asyncio


async def waiter(name, fut):
    print(f"{name} waits")
    v = await fut
    print(f"{name} got {v}")
    return name


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    def setter():
        print("setter: set_result")
        fut.set_result("v")
        print(f"setter: done={fut.done()}")
        loop.call_soon(print, "cb queued by setter")

    tasks = [asyncio.create_task(waiter(n, fut), name=n) for n in ("W1", "W2", "W3")]
    loop.call_later(0.01, setter)
    res = await asyncio.gather(*tasks)
    print(f"gather -> {res}")
    print(f"late await -> {await fut}")


asyncio.run(main())
