# newsbot as a container; see docs/running.md.
#   docker build -t newsbot .
#   docker run -d --name newsbot --init --restart unless-stopped \
#       --env-file .env -v newsbot-data:/data newsbot
# Everything newsbot needs (the spaCy model included) is installed here, at build time;
# nothing is downloaded when it runs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY storage ./storage
COPY seeds ./seeds
# A regular (not editable) install: the sample articles and migrations are package data.
RUN pip install . && rm -rf /src

RUN useradd --system --create-home --home-dir /data --shell /usr/sbin/nologin newsbot
USER newsbot
WORKDIR /data
ENV NEWSBOT_DATABASE=/data/newsbot.db
VOLUME ["/data"]

# SIGTERM (docker stop) closes the client, the workers, the HTTP session and the database.
STOPSIGNAL SIGTERM
ENTRYPOINT ["newsbot"]
CMD ["run"]
