# The app in a slim image: production settings from .streamlit/config.toml, a non-root user,
# and a health check on Streamlit's own endpoint. Build: docker build -t runner-strength .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 runner
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY assessments ./assessments
COPY ui ./ui
RUN pip install .

COPY app.py ./
COPY pages ./pages
COPY rules ./rules
COPY .streamlit ./.streamlit

USER runner
EXPOSE 8501

# Slim images have no curl: ask with Python's urllib.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

# Every replica needs the same STREAMLIT_SERVER_COOKIE_SECRET (see the README's deploy section).
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
