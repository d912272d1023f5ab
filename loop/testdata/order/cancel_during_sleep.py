# Order pinned: cancelling a task blocked in sleep; its except CancelledError / finally run on its next step, then the awaiter sees CancelledError; task state afterwards.
import asyncio


async def victim():
    print("victim start")
    try:
        await asyncio.sleep(0.05)
        print("victim not reached")
    except asyncio.CancelledError as e:
        print(f"victim caught CancelledError msg={e}")
        raise
    finally:
        print("victim finally")


async def main():
    t = asyncio.create_task(victim(), name="victim")
    await asyncio.sleep(0.01)
    print(f"main cancel -> {t.cancel('stop')}")
    print(f"after cancel() done={t.done()} cancelled={t.cancelled()}")
    try:
        await t
    except asyncio.CancelledError:
        print("main caught CancelledError")
    print(f"victim done={t.done()} cancelled={t.cancelled()}")
    print(f"cancel again -> {t.cancel('again')}")
    try:
        t.result()
    except asyncio.CancelledError:
        print("result() raised CancelledError")


asyncio.run(main())
