// The partner's API key lives in sessionStorage only: gone when the tab closes or on "Sign out", never in a URL,
// a cookie or localStorage.
const KEY = 'cspupgrades:apiKey';

export const apiKey = () => sessionStorage.getItem(KEY);
export const signedIn = () => apiKey() !== null;
export const signIn = (key) => sessionStorage.setItem(KEY, key);
export const signOut = () => sessionStorage.removeItem(KEY);
