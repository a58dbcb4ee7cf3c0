"""The web layer: the Gradio app and every piece of HTML it shows (``html.py``).

Gradio's usage analytics would phone home: off, set here once, before any module of this
package imports gradio.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
