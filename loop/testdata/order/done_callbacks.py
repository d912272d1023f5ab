# Order pinned: add_done_callback callbacks on a future and on a task run in registration order, one loop hop after completion, interleaved with other queued callbacks; a callback added after completion is queued immediately.
import asyncio


def make_cb(tag):
    def cb(f):
        state = "cancelled" if f.cancelled() else f"result={f.result()}"
        print(f"done cb {tag} {state}")
    return cb


async def work():
    print("work runs")
    await asyncio.sleep(0.01)
    print("work returns")
    return 7


async def main():
    loop = asyncio.get_running_loop()

    print("-- future")
    fut = loop.create_future()
    fut.add_done_callback(make_cb("f1"))
    fut.add_done_callback(make_cb("f2"))
    loop.call_soon(print, "soon before set_result")
    fut.set_result("x")
    loop.call_soon(print, "soon after set_result")
    fut.add_done_callback(make_cb("f3 (added late)"))
    print("main after set_result")
    await asyncio.sleep(0)
    print("main resumed")

    print("-- task")
    t = asyncio.create_task(work(), name="work")
    t.add_done_callback(make_cb("t1"))
    t.add_done_callback(make_cb("t2"))
    r = await t
    print(f"main awaited task -> {r}")
    t.add_done_callback(make_cb("t3 (added late)"))
    await asyncio.sleep(0)

    print("-- cancelled future")
    cf = loop.create_future()
    cf.add_done_callback(make_cb("c1"))
    print(f"cancel -> {cf.cancel()}")
    await asyncio.sleep(0)
    print("main end")


asyncio.run(main())
