"""The app's panels, one module each: details, path finder, tables, export, import, build from text.

Each panel draws from the loaded graph and the session's state (ui.state) and calls library
functions (graph/); it holds no logic of its own and no state beyond ui.state.
"""
