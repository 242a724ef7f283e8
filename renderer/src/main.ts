import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { installApi } from './lib/api';

// window.glimpse, built on this side of contextBridge (web mode has defined it already).
installApi();

mount(App, { target: document.getElementById('app')! });
