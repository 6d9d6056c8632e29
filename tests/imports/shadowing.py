import colorsys

print(colorsys.SHADOWED, colorsys.__file__)
