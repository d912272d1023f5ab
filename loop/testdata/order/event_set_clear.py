# Order pinned: Event.set wakes every waiter, in the order they came, each in a
# step of its own after the setter's; wait on a set event returns at once,
# without a switch; after clear, wait waits again, and a set followed at once
# by a clear still wakes the waiters of that set.
import asyncio


async def main():
    e = asyncio.Event()

    async def waiter(name):
        print(f"{name} waits")
        await e.wait()
        print(f"{name} woke, set={e.is_set()}")
        return name

    ts = [asyncio.create_task(waiter(n)) for n in ("w1", "w2", "w3")]
    await asyncio.sleep(0)
    asyncio.get_running_loop().call_soon(print, "cb before set")
    print("main sets")
    e.set()
    e.set()  # a second set changes nothing
    print(f"main after set, set={e.is_set()}")
    print(f"gather -> {await asyncio.gather(*ts)}")

    print("-- wait on a set event")
    t = asyncio.create_task(waiter("w4"))
    await e.wait()
    print(f"main past wait, w4 done={t.done()}")
    await t

    print("-- clear")
    e.clear()
    t = asyncio.create_task(waiter("w5"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"w5 still waits, done={t.done()}")
    e.set()
    e.clear()
    print(f"set then clear in one step, set={e.is_set()}")
    await t
    print("main end")


asyncio.run(main())
