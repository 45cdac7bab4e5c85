"""The Flask service: the app factory (``app``) and one blueprint per area: the JSON API (``api``),
audio and captions (``media``), pages (``pages``), publishing (``feed``), OpenAI-compatible speech
(``openai_api``), and what every request leaves behind (``observe``)."""

from .app import create_app
from .services import service_of

__all__ = ["create_app", "service_of"]
