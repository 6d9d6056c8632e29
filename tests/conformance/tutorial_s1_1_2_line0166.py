import as_demos.aledflash
