# Order pinned: a waiter that an Event.set woke and that is cancelled before it
# runs only ends cancelled: a task that waits after a clear is not woken by it,
# and waits for the next set.
import asyncio


async def main():
    e = asyncio.Event()

    async def waiter(name):
        print(f"{name} waits")
        try:
            await e.wait()
        except asyncio.CancelledError:
            print(f"{name} cancelled")
            raise
        print(f"{name} woke, set={e.is_set()}")

    a = asyncio.create_task(waiter("a"))
    await asyncio.sleep(0)
    d = asyncio.create_task(waiter("d"))  # runs after this step, before a
    e.set()  # wakes a
    e.clear()
    print(f"cancel a -> {a.cancel()}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"a cancelled={a.cancelled()} d done={d.done()}")
    e.set()
    await d
    print("main end")


asyncio.run(main())
