# Order pinned: exceptions raised in nested awaited coroutines and tasks propagate through try/except/finally in the expected order.
import asyncio


async def inner():
    try:
        await asyncio.sleep(0)
        raise LookupError("missing")
    finally:
        print("inner finally")


async def middle():
    try:
        await inner()
    except LookupError as e:
        print(f"middle caught {type(e).__name__} {e}")
        raise RuntimeError("wrapped") from e
    finally:
        print("middle finally")


async def outer_task():
    try:
        await middle()
    finally:
        print("outer_task finally")


async def main():
    t = asyncio.create_task(outer_task(), name="outer")
    try:
        await t
    except RuntimeError as e:
        print(f"main caught {type(e).__name__} {e}")
    finally:
        print("main finally")
    print(f"task done={t.done()} cancelled={t.cancelled()}")


asyncio.run(main())
