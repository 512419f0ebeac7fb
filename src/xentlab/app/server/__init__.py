"""The explorer's server side: what a visitor may send (limits), how a slider's steps wait or
are dropped, the pools that bound a visitor's work, and several worker processes behind HAProxy.
Nothing here draws a page.
"""
