# One image for both servers; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /plinth
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @plinth/web run build
ENV NODE_ENV=production
EXPOSE 3000 4000
CMD ["pnpm", "--filter", "@plinth/api", "start"]
