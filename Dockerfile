# relgraph as a container, for docker-compose.yml.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /relgraph ./cmd/relgraph

FROM gcr.io/distroless/static-debian12
COPY --from=build /relgraph /relgraph
ENV RELGRAPH_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/relgraph", "serve"]
