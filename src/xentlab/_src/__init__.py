"""The library's private modules: one per loss family, with the checks, reductions and messages
they share. Users import the public faces (``xentlab``, ``xentlab.losses``, ``xentlab.grad``,
``xentlab.info``, ``xentlab.numerics``, ``xentlab.coding``, ``xentlab.conventions``,
``xentlab.calibration``); nothing here imports anything of xentlab's above the library.
"""
