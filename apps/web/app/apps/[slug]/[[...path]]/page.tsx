/** Every path under /apps/<slug> is served by the runtime in ../layout.tsx. */
export default function AppRuntimePage() {
  return null;
}
