# Order pinned: a party that a Barrier released and that is cancelled before it
# runs ends cancelled, and lets no party of the next round through: that one
# waits for the round to fill.
import asyncio


async def main():
    b = asyncio.Barrier(2)

    async def party(name):
        print(f"{name} arrives")
        try:
            i = await b.wait()
        except asyncio.CancelledError:
            print(f"{name} cancelled")
            raise
        print(f"{name} passes with index {i}")

    a = asyncio.create_task(party("a"))
    await asyncio.sleep(0)
    c = asyncio.create_task(party("c"))  # runs after this step, before a
    i = await b.wait()  # the second party: releases a
    print(f"main passes with index {i}")
    print(f"cancel a -> {a.cancel()}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"a cancelled={a.cancelled()} c done={c.done()} waiting={b.n_waiting}")
    i = await b.wait()
    print(f"main passes with index {i}")
    await c
    print("main end")


asyncio.run(main())
