"""The sample articles of ``newsbot demo``, shipped as package data.

The ``.txt`` files beside this module are installed with the program, so the demo finds them
through ``importlib.resources`` however newsbot was installed (editable or not, or a wheel).
"""
