/**
 * A context a component can only be used under: its hook throws, naming itself, when the
 * provider is missing, instead of handing a block an undefined it would fail on later.
 */
import { createContext, type Provider, useContext } from "react";

export function requiredContext<T>(hook: string): [Provider<T | null>, () => T] {
  const Context = createContext<T | null>(null);
  const use = (): T => {
    const value = useContext(Context);
    if (value === null) throw new Error(`${hook} must be used inside the runtime`);
    return value;
  };
  return [Context.Provider, use];
}
