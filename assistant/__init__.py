"""Question answering over the indexed documents with verified citations."""

from assistant.answer import Answer, Citation, SentenceCheck
from assistant.assistant import Assistant
from assistant.questions import QuestionError
from settings import Settings

__all__ = ["Answer", "Assistant", "Citation", "QuestionError", "SentenceCheck", "Settings"]
