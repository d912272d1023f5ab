# Order pinned: futures completed with set_exception and cancel from callbacks; waiters see ValueError / CancelledError; state reported by done()/cancelled().
import asyncio


async def waiter(name, fut):
    try:
        v = await fut
        print(f"{name} got {v}")
    except asyncio.CancelledError:
        print(f"{name} caught CancelledError")
    except ValueError as e:
        print(f"{name} caught {type(e).__name__} {e}")
    finally:
        print(f"{name} finally")


async def main():
    loop = asyncio.get_running_loop()
    f1 = loop.create_future()
    f2 = loop.create_future()
    t1 = asyncio.create_task(waiter("E", f1), name="E")
    t2 = asyncio.create_task(waiter("C", f2), name="C")
    loop.call_later(0.01, f1.set_exception, ValueError("bad value"))
    loop.call_later(0.02, f2.cancel)
    await asyncio.gather(t1, t2)
    print(f"f1 done={f1.done()} cancelled={f1.cancelled()}")
    print(f"f2 done={f2.done()} cancelled={f2.cancelled()}")
    print(f"t2 cancelled={t2.cancelled()}")
    try:
        f1.result()
    except ValueError as e:
        print(f"f1.result() raised {type(e).__name__} {e}")


asyncio.run(main())
