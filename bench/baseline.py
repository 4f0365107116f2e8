"""The LangChain tutorial chain (DESIGN.md §2), the baseline every figure is compared with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from assistant.answer import Answer, Citation
from bench.scoring import looks_like_refusal
from ingest.documents import find_files, read_document
from ingest.embeddings import bundled_embeddings
from settings import Settings

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4
COLLECTION = "tutorial_baseline"
MAX_ANSWER_TOKENS = 200  # the same cap the assistant's model back-ends use
# The tutorial's "rag-prompt" wording, restated: context-only answers, admit ignorance, three sentences at most.
RAG_PROMPT = ("You are a helper that answers questions. Answer the question with the help of the retrieved "
              "context below. When you do not know the answer, say that you don't know. Keep the answer "
              "short: three sentences at most.\nQuestion: {question}\nContext: {context}\nAnswer:")


def split_corpus(corpus: Path) -> list[Document]:
    """The corpus files in the tutorial's 1,000/200 character chunks, with their offsets."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              add_start_index=True)
    files, _ = find_files([corpus])
    documents = [read_document(path) for path in files]
    sources = [Document(page_content=d.text, metadata={"source": d.source}) for d in documents]
    return splitter.split_documents(sources)


class TutorialChain:
    """Retriever (k=4) → rag-prompt → chat model → text; no history, no citations of its own."""

    def __init__(self, settings: Settings, corpus: Path, workdir: Path, base_url: str):
        from langchain_chroma import Chroma
        from langchain_openai import ChatOpenAI

        self.chunks = split_corpus(corpus)
        # A folder and collection of its own: the assistant's index is never touched.
        store = Chroma(collection_name=COLLECTION, embedding_function=bundled_embeddings(),
                       persist_directory=str(workdir))
        store.add_documents(self.chunks)
        self.retriever = store.as_retriever(search_kwargs={"k": TOP_K})
        model = ChatOpenAI(base_url=base_url, api_key=settings.llm_api_key, model=settings.llm_model,
                           temperature=0, max_tokens=MAX_ANSWER_TOKENS, timeout=settings.llm_timeout,
                           max_retries=0)
        self.chain = ChatPromptTemplate.from_messages([("human", RAG_PROMPT)]) | model | StrOutputParser()

    def stream(self, question: str, history=None) -> Iterator[str | Answer]:
        """Text deltas, then an Answer whose citations are the retrieved chunks (none when it refuses)."""
        del history  # the tutorial chain answers every question on its own
        retrieved = self.retriever.invoke(question)
        context = "\n\n".join(doc.page_content for doc in retrieved)
        text = ""
        for delta in self.chain.stream({"question": question, "context": context}):
            if delta:
                text += delta
                yield delta
        refused = looks_like_refusal(text)
        citations = [] if refused else [_citation(n, doc) for n, doc in enumerate(retrieved, start=1)]
        yield Answer(text.strip(), citations, refused, question, backend="tutorial")


def _citation(n: int, chunk: Document) -> Citation:
    start = int(chunk.metadata.get("start_index", 0))
    end = start + len(chunk.page_content)
    return Citation(n, chunk.metadata.get("source", ""), start, end, chunk.page_content, "", start, start)
