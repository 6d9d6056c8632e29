result = await my_task()
