# pinloop: --clock virtual
# Harness for the 6.4 ioctl example (tutorial_s6_4_line1566.py, unchanged):
# the module runs as printed (const, io.IOBase); the two hardware states it
# names are globals the harness sets, and MyIO.ioctl answers a poll for
# reading, writing or both accordingly, and MP_STREAM_ERROR to any other
# request. Then a StreamReader waits on a MyIO until the "hardware" has a
# character.
import asyncio
import fragment

namespace = fragment.run("tutorial_s6_4_line1566.py", {
    "hardware_has_at_least_one_char_to_read": False,
    "hardware_can_accept_at_least_one_write_character": True,
})
MyIO = namespace["MyIO"]
device = MyIO()
for readable in (False, True):
    namespace["hardware_has_at_least_one_char_to_read"] = readable
    for arg in (1, 4, 5):
        print("readable", readable, "poll", arg, "->", device.ioctl(3, arg))
print("another request ->", device.ioctl(99, 0))


class Device(MyIO):
    def read(self, n):
        return b"x"


async def make_readable():
    await asyncio.sleep(1)
    fragment.at("the hardware has a character")
    namespace["hardware_has_at_least_one_char_to_read"] = True


async def main():
    namespace["hardware_has_at_least_one_char_to_read"] = False
    asyncio.create_task(make_readable())
    data = await asyncio.StreamReader(Device()).read(1)
    fragment.at("read {}".format(data))


asyncio.run(main())
