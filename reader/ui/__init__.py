"""The window: thin Qt widgets that call core operations and re-render from what they return."""
