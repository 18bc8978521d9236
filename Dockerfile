# One image for both servers; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /plinth
RUN npm install -g pnpm@10.34.8
COPY . .
# The web build bakes where live updates (/realtime/v1, a WebSocket rewrite) reach the API.
ARG PLINTH_API_URL=http://api:4000
RUN pnpm install --frozen-lockfile && pnpm --filter @plinth/web run build
ENV NODE_ENV=production
EXPOSE 3000 4000
CMD ["pnpm", "--filter", "@plinth/api", "start"]
